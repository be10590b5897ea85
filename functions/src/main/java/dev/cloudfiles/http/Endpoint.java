package dev.cloudfiles.http;

import dev.cloudfiles.auth.Access;
import dev.cloudfiles.names.Drive;
import java.util.function.BiFunction;

/** One API operation on one drive, called after the caller was authorised for {@link #access()}. */
public interface Endpoint {
    Access access();

    ApiResponse handle(ApiRequest request, Drive drive);

    static Endpoint of(Access access, BiFunction<ApiRequest, Drive, ApiResponse> handler) {
        return new Endpoint() {
            @Override
            public Access access() {
                return access;
            }

            @Override
            public ApiResponse handle(ApiRequest request, Drive drive) {
                return handler.apply(request, drive);
            }
        };
    }
}
