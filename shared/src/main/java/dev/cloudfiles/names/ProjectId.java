package dev.cloudfiles.names;

import java.util.regex.Pattern;

/**
 * A project: 1–32 characters of {@code [A-Za-z0-9]}. No underscore, because an API key is
 * {@code {project}_{secret}} and is split at its first underscore.
 */
public record ProjectId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]{1,32}");

    public ProjectId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidNameException("project id must be 1-32 characters of A-Z, a-z and 0-9");
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
