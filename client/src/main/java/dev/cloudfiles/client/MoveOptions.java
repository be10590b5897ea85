package dev.cloudfiles.client;

import java.net.http.HttpRequest;

/**
 * The condition of a {@link CloudDrive#move move} or {@link CloudDrive#copy copy}: none, the target
 * must not exist ({@link #ifAbsent()}, {@code If-None-Match: *}), or the source must be this version
 * ({@link #ifMatch(String)}, {@code If-Match}). When it does not hold, the call throws
 * {@link PreconditionFailedException} (412) and nothing changes.
 *
 * <pre>{@code
 * drive.move("draft.txt", "final.txt", MoveOptions.ifAbsent());          // never replace final.txt
 * FileInfo seen = drive.listDetailed("").get(0);
 * drive.copy(seen.name(), "backup/" + seen.name(), MoveOptions.ifMatch(seen.etag()));
 * }</pre>
 */
public final class MoveOptions {
    private static final MoveOptions DEFAULTS = new MoveOptions(PutOptions.defaults());

    /** The same conditions as a put's, with the same checks of the ETag. */
    private final PutOptions condition;

    private MoveOptions(PutOptions condition) {
        this.condition = condition;
    }

    /** No condition: an existing target is replaced. */
    public static MoveOptions defaults() {
        return DEFAULTS;
    }

    /** The target must not exist. */
    public static MoveOptions ifAbsent() {
        return new MoveOptions(PutOptions.ifAbsent());
    }

    /**
     * The source must be the version with this ETag (quotes optional).
     *
     * @throws IllegalArgumentException for a blank, weak ({@code W/...}) or multiple ETag
     */
    public static MoveOptions ifMatch(String etag) {
        return new MoveOptions(PutOptions.ifMatch(etag));
    }

    void addConditionTo(HttpRequest.Builder request) {
        condition.addConditionTo(request);
    }

    @Override
    public String toString() {
        return "MoveOptions["
                + (condition.requiresAbsent()
                        ? "ifAbsent"
                        : condition.requiredEtag() != null ? "ifMatch " + condition.requiredEtag() : "unconditional")
                + "]";
    }
}
