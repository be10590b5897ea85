package dev.cloudfiles.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudfiles.http.Routes;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * template.yaml (what API Gateway routes) and {@link Routes} (what the handlers dispatch on and
 * what the $default route answers 405 for) name the same routes, each on the function that serves it.
 */
class TemplateMatchesRoutesTest {
    private final TemplateRoutes template =
            TemplateRoutes.load(LocalPaths.repoRoot().resolve("template.yaml"));

    @Test
    void theTemplateRoutesExactlyTheApisRoutes() {
        assertThat(template.routes())
                .map(TemplateRoutes.Route::routeKey)
                .filteredOn(key -> !key.equals(TemplateRoutes.DEFAULT_ROUTE))
                .containsExactlyInAnyOrderElementsOf(Routes.ALL);
        assertThat(template.defaultRoute())
                .map(TemplateRoutes.Route::handler)
                .contains("dev.cloudfiles.functions.RouteNotFoundHandler::handleRequest");
    }

    @Test
    void eachRouteGoesToTheFunctionThatDispatchesIt() {
        Map<String, String> handlerByRoute = template.routes().stream()
                .collect(Collectors.toMap(TemplateRoutes.Route::routeKey, TemplateRoutes.Route::handler));
        String put = "dev.cloudfiles.functions.PutFileHandler::handleRequest";
        for (String route : new String[] {
            Routes.POST_FILE,
            Routes.PUT_FILE,
            Routes.START_UPLOAD,
            Routes.UPLOAD_PART,
            Routes.UPLOAD_URLS,
            Routes.UPLOAD_STATUS,
            Routes.COMMIT_UPLOAD,
            Routes.ABORT_UPLOAD,
            Routes.MOVE_FILE,
            Routes.COPY_FILE
        }) {
            assertThat(handlerByRoute.get(route)).as(route).isEqualTo(put);
        }
        assertThat(handlerByRoute.get(Routes.GET_FILE))
                .isEqualTo("dev.cloudfiles.functions.GetFileHandler::handleRequest");
        assertThat(handlerByRoute.get(Routes.HEAD_FILE))
                .isEqualTo("dev.cloudfiles.functions.GetFileHandler::handleRequest");
        assertThat(handlerByRoute.get(Routes.LIST_FILES))
                .isEqualTo("dev.cloudfiles.functions.ListFilesHandler::handleRequest");
        assertThat(handlerByRoute.get(Routes.DELETE_FILES))
                .isEqualTo("dev.cloudfiles.functions.DeleteFilesHandler::handleRequest");
        for (String route : new String[] {Routes.CREATE_SHARE, Routes.LIST_SHARES, Routes.REVOKE_SHARE}) {
            assertThat(handlerByRoute.get(route))
                    .as(route)
                    .isEqualTo("dev.cloudfiles.functions.SharesHandler::handleRequest");
        }
        // The keyless link has a function of its own, whose policy only reads.
        assertThat(handlerByRoute.get(Routes.SHARE_LINK))
                .isEqualTo("dev.cloudfiles.functions.ShareLinkHandler::handleRequest");
        assertThat(template.routes())
                .filteredOn(r -> r.handler().equals("dev.cloudfiles.functions.ShareLinkHandler::handleRequest"))
                .map(TemplateRoutes.Route::routeKey)
                .containsExactlyInAnyOrder(Routes.SHARE_LINK, Routes.HEAD_SHARE_LINK);
    }
}
