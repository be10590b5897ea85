package dev.cloudfiles.http;

import dev.cloudfiles.auth.Access;
import dev.cloudfiles.names.Drive;

/** One API operation on one drive, called after the caller was authorised for {@link #access()}. */
public interface Endpoint {
    Access access();

    ApiResponse handle(ApiRequest request, Drive drive);
}
