package dev.cloudfiles.endpoints;

import dev.cloudfiles.http.ApiError;
import dev.cloudfiles.http.ApiException;
import dev.cloudfiles.http.ApiRequest;
import dev.cloudfiles.http.ApiResponse;
import dev.cloudfiles.http.ContentDisposition;
import dev.cloudfiles.http.HttpDates;
import dev.cloudfiles.names.FileName;
import dev.cloudfiles.store.blobs.Signing;
import dev.cloudfiles.store.files.FileStore;
import dev.cloudfiles.store.index.FileRecord;
import dev.cloudfiles.store.shares.ShareLinks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API.md [ext] {@code GET /s/{token}}, no key: a 302 to a presigned GET URL for the bytes the
 * link's name has now, signed afresh on every request. Everything is read strongly consistent and
 * nothing is cached, so a revoked link, an expired one and one whose file was deleted are refused
 * at once, all with the same 404 (a holder learns nothing about why). {@code HEAD} answers the
 * same without a body. {@code ?disposition=inline} asks for the file to be shown in the browser:
 * granted only for {@link ContentDisposition#safeInline safe types}, others stay an attachment.
 */
public final class ShareLink {
    /** What a host header may hold: a DNS name or an IP literal, and a port. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-:\\[\\]]{1,255}");

    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");

    private final FileStore files;
    private final ShareLinks shares;
    private final Signing signing;

    public ShareLink(FileStore files, ShareLinks shares, Signing signing) {
        this.files = files;
        this.shares = shares;
        this.signing = signing;
    }

    public ApiResponse handle(ApiRequest request) {
        Optional<FileRecord> file = shares.resolve(
                        request.pathParameter("token").orElse(null))
                .flatMap(target -> files.head(target.drive(), target.name()));
        if (file.isEmpty()) throw new ApiException(ApiError.NOT_FOUND, "no such link", NO_STORE);
        FileRecord found = file.get();
        boolean inline = wantsInline(request) && ContentDisposition.safeInline(found.contentType());
        String baseName = FileName.of(found.name()).baseName();
        Signing.Presigned presigned = files.presignGet(
                found,
                signing.open(),
                inline ? ContentDisposition.inline(baseName) : ContentDisposition.attachment(baseName));
        String url = presigned.url().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("expires_at", HttpDates.iso(presigned.expires()));
        body.put("disposition", inline ? "inline" : "attachment");
        return ApiResponse.json(302, body)
                .withHeader("Location", url)
                .withHeader("Cache-Control", "no-store")
                .withHeader("Referrer-Policy", "no-referrer");
    }

    /** {@code ?disposition=}: {@code attachment} (the default) or {@code inline}; anything else is a 400. */
    private static boolean wantsInline(ApiRequest request) {
        Optional<String> disposition = request.query().get("disposition");
        if (disposition.isEmpty() || disposition.get().equals("attachment")) return false;
        if (disposition.get().equals("inline")) return true;
        throw new ApiException(
                ApiError.BAD_REQUEST, "parameter 'disposition' must be 'inline' or 'attachment'", NO_STORE);
    }

    /**
     * Where links of this request's API live, {@code {scheme}://{host}/s/}: checked before a link
     * is made, so that a bad Host leaves nothing behind.
     */
    static String base(ApiRequest request) {
        String host =
                request.header("host").filter(h -> HOST.matcher(h).matches()).orElse(null);
        if (host == null) throw ApiError.BAD_REQUEST.exception("the request names no valid Host");
        String scheme = request.header("x-forwarded-proto")
                .filter(p -> p.equals("http") || p.equals("https"))
                .orElse("https");
        return scheme + "://" + host + "/s/";
    }
}
