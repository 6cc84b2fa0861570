-- Demo: 金沙街道城管科 receives its notifications by email as well (on the local run the EMAIL channel is
-- off unless HUYING_SMTP_HOST is set, so this only shows where a subscription lives).
insert into notification_subscription (unit_path, channel, addresses, urgent_only, updated_at)
values ('/baiyun/jinsha/sections/urban', 'EMAIL', 'urban.section@huying.example.org', false, now());
