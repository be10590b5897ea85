package dev.cloudfiles.admin;

import dev.cloudfiles.auth.ApiKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code keys list} as a table. It has no column for a secret: there is none to show. */
final class KeyRows {
    private static final List<String> HEADER =
            List.of("KEY ID", "PROJECT", "DRIVES", "ACCESS", "CREATED", "REVOKED", "LABEL");

    private KeyRows() {}

    static String drives(ApiKey key) {
        return key.drives().isEmpty()
                ? "all drives"
                : String.join(",", key.drives().stream().sorted().toList());
    }

    static String render(List<ApiKey> keys) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        keys.stream()
                .sorted(Comparator.comparing(ApiKey::project).thenComparingLong(ApiKey::createdAtMillis))
                .forEach(k -> rows.add(List.of(
                        k.keyId(),
                        k.project(),
                        OneLine.of(drives(k)),
                        k.readOnly() ? "read-only" : "read-write",
                        time(k.createdAtMillis()),
                        k.revokedAtMillis().map(KeyRows::time).orElse("-"),
                        OneLine.of(k.label()))));
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++)
                widths[i] = Math.max(widths[i], row.get(i).length());
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
