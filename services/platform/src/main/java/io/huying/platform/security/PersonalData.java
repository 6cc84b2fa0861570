package io.huying.platform.security;

/**
 * 个人信息脱敏 — how a reporter's name and phone read. The phone number is masked for everyone: the
 * units entitled to it (DESIGN §6: the raising unit and the unit handling the call) reveal it with a
 * reason, which the audit log keeps ({@link RevealRequest}); the others see the name masked too. One
 * rule for every service that shows a reporter.
 */
public final class PersonalData {
    private PersonalData() {
    }

    /** 李女士 → 李**: the first character stays, every other becomes {@code *}. */
    public static String maskName(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
    }

    /** 13800138000 → 138****8000; landlines keep only their last four digits. */
    public static String maskPhone(String phone) {
        if (phone == null || phone.length() < 7) {
            return phone == null ? null : "****";
        }
        String last4 = phone.substring(phone.length() - 4);
        return phone.startsWith("1") ? phone.substring(0, 3) + "****" + last4 : "****" + last4;
    }
}
