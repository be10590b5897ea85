package dev.cloudfiles.names;

import java.util.regex.Pattern;

/** A drive: 1–64 characters of {@code [A-Za-z0-9_-]}, created on first write. */
public record DriveName(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public DriveName {
        if (value == null || value.isEmpty()) throw new InvalidNameException("drive name is missing");
        if (!VALID.matcher(value).matches()) {
            throw new InvalidNameException("drive name must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
