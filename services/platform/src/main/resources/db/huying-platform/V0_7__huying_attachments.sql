-- 附件 — files uploaded to a service (photos, PDFs): what they are in huying_attachment, their bytes in
-- huying_attachment_content when the PostgreSQL store keeps them (huying.attachments.store=postgresql,
-- the default; with the S3 store the second table stays empty). An upload is bound to what it belongs
-- to (a call, a task's completion) in the transaction that writes that object; unbound uploads older
-- than a day are purged (AttachmentPurge).
create table huying_attachment (
    id                  uuid primary key,
    name                text not null,            -- sanitised file name, as shown and served
    content_type        text not null,            -- decided from the bytes, never from the client
    size                bigint not null,
    sha256              text not null,
    uploader_unit       text not null,
    uploader_username   text not null,
    created_at          timestamptz not null,
    bound_scope         text,                     -- e.g. call, task-completion; null until claimed
    bound_ref           uuid,                     -- the id of that object
    bound_position      integer,                  -- its place among that object's files, as the client listed them
    check ((bound_scope is null) = (bound_ref is null))
);
-- The files of an object, in the order given.
create index huying_attachment_bound on huying_attachment (bound_ref, bound_position) where bound_ref is not null;
-- The purge's oldest unbound uploads.
create index huying_attachment_unbound on huying_attachment (created_at) where bound_ref is null;

create table huying_attachment_content (
    id       uuid primary key references huying_attachment (id) on delete cascade,
    content  bytea not null
);
-- Photos and PDFs are compressed already: stored out of line as they are, without another try at compressing them.
alter table huying_attachment_content alter column content set storage external;
