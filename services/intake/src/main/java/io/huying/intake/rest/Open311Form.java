package io.huying.intake.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of an Open311 POST requests ({@code application/x-www-form-urlencoded}), checked for
 * shape: each refusal is a 400 naming the parameter. The api_key is the resource's to check, before
 * this; whether the service and the grid are known is for the resource to say.
 */
public record Open311Form(String jurisdictionId, String serviceCode, Double lat, Double lon, String addressString,
        String addressId, String description, String mediaUrl, String firstName, String lastName, String phone, String email,
        String accountId, Map<String, String> attributes) {

    private static final Pattern ATTRIBUTE = Pattern.compile("attribute\\[([A-Za-z0-9_]+)\\](\\[\\])?");

    public static Open311Form of(MultivaluedMap<String, String> form) {
        Map<String, String> attributes = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            Matcher m = ATTRIBUTE.matcher(name);
            if (m.matches() && !values.isEmpty()) {
                attributes.put(m.group(1), String.join(",", values).trim());
            }
        });
        Double lat = number(form, "lat", -90, 90);
        Double lon = number(form, "long", -180, 180);
        if ((lat == null) != (lon == null)) {
            throw Open311Exception.invalid("lat and long must be given together");
        }
        String address = text(form, "address_string", 300);
        String addressId = text(form, "address_id", 100);
        if (lat == null && address == null && addressId == null) {
            throw Open311Exception.invalid("a location is required: lat and long, address_string or address_id");
        }
        String mediaUrl = text(form, "media_url", 2000);
        if (mediaUrl != null && !httpUrl(mediaUrl)) {
            throw Open311Exception.invalid("media_url must be an http(s) URL");
        }
        String phone = text(form, "phone", 20);
        if (phone != null && !phone.matches("1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}")) {
            throw Open311Exception.invalid("phone must be a mainland mobile (11 digits) or landline number");
        }
        return new Open311Form(text(form, "jurisdiction_id", 100), text(form, "service_code", 50), lat, lon,
                address, addressId, text(form, "description", 4000), mediaUrl, text(form, "first_name", 25), text(form, "last_name", 25),
                phone, text(form, "email", 200), text(form, "account_id", 100), attributes);
    }

    /** The reporter's name as given (first and last name), or null. */
    public String reporterName() {
        String first = firstName == null ? "" : firstName;
        String last = lastName == null ? "" : lastName;
        // 张 + 三 reads 张三; John + Smith reads John Smith.
        String name = (first + last).chars().allMatch(c -> c > 0x2E80) ? last + first : (first + " " + last).trim();
        return name.isEmpty() ? null : name;
    }

    private static String text(MultivaluedMap<String, String> form, String name, int max) {
        List<String> values = form.get(name);
        if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()) {
            return null;
        }
        String value = values.get(0).trim();
        if (value.length() > max) {
            throw Open311Exception.invalid(name + " must be at most " + max + " characters");
        }
        return value;
    }

    private static Double number(MultivaluedMap<String, String> form, String name, double min, double max) {
        String value = text(form, name, 40);
        if (value == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(value);
            if (Double.isNaN(d) || d < min || d > max) {
                throw Open311Exception.invalid(name + " must be between " + (int) min + " and " + (int) max);
            }
            return d;
        } catch (NumberFormatException e) {
            throw Open311Exception.invalid(name + " must be a number (WGS84 degrees)");
        }
    }

    private static boolean httpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
