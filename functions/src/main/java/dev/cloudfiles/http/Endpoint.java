package dev.cloudfiles.http;

import dev.cloudfiles.auth.Access;
import dev.cloudfiles.names.Drive;
import java.util.function.BiFunction;

/**
 * One API operation on one drive, called after the caller was authorised for {@link #access()}.
 * The one way an operation is declared: a method of an endpoint class, listed by route key in that
 * class's {@code endpoints()} map, e.g. {@code Map.of(Routes.GET_FILE, Endpoint.of(Access.READ, this::handle))}.
 */
public record Endpoint(Access access, BiFunction<ApiRequest, Drive, ApiResponse> handler) {

    public static Endpoint of(Access access, BiFunction<ApiRequest, Drive, ApiResponse> handler) {
        return new Endpoint(access, handler);
    }

    public ApiResponse handle(ApiRequest request, Drive drive) {
        return handler.apply(request, drive);
    }
}
