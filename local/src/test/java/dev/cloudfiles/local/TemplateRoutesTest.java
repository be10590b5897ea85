package dev.cloudfiles.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRoutesTest {
    static Path fixture() {
        try {
            return Path.of(TemplateRoutesTest.class
                    .getResource("/gateway-template.yaml")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private final TemplateRoutes routes = TemplateRoutes.load(fixture());

    @Test
    void readsHandlersAndRoutesDespiteShortFormTags() {
        assertThat(routes.routes())
                .extracting(TemplateRoutes.Route::routeKey)
                .contains(
                        "ANY /v1/{project_id}/{drive_name}/files",
                        "GET /v1/{project_id}/special/files",
                        "POST /body",
                        "$default");
        assertThat(routes.routes())
                .filteredOn(r -> r.functionId().equals("EchoFunction"))
                .allMatch(r -> r.handler().equals("dev.cloudfiles.local.EchoHandler::handleRequest"));
        assertThat(routes.defaultRoute()).map(TemplateRoutes.Route::functionId).contains("FallbackFunction");
    }

    @Test
    void literalSegmentsBeatParametersAndExactMethodsBeatAny() {
        var match = routes.match("GET", "/v1/p/special/files").orElseThrow();
        assertThat(match.route().routeKey()).isEqualTo("GET /v1/{project_id}/special/files");
        assertThat(match.pathParameters()).isEqualTo(Map.of("project_id", "p"));

        var post = routes.match("POST", "/v1/p/special/files").orElseThrow();
        assertThat(post.route().routeKey()).isEqualTo("ANY /v1/{project_id}/{drive_name}/files");
        assertThat(post.pathParameters()).isEqualTo(Map.of("project_id", "p", "drive_name", "special"));
    }

    @Test
    void parametersMatchExactlyOneNonEmptySegment() {
        assertThat(routes.match("GET", "/v1/p//files").orElseThrow().route().isDefault())
                .isTrue();
        assertThat(routes.match("GET", "/v1/p/a/b/files").orElseThrow().route().isDefault())
                .isTrue();
        assertThat(routes.match("POST", "/body/").orElseThrow().route().isDefault())
                .isTrue();
        assertThat(routes.match("GET", "/body").orElseThrow().route().isDefault())
                .isTrue();
    }

    @Test
    void greedyParameterTakesTheRest() {
        var match = routes.match("DELETE", "/proxy/a/b/c").orElseThrow();
        assertThat(match.pathParameters()).isEqualTo(Map.of("rest", "a/b/c"));
        assertThat(routes.match("DELETE", "/proxy/").orElseThrow().route().isDefault())
                .isTrue();
    }

    @Test
    void withoutDefaultRouteNothingMatches() {
        var only = new TemplateRoutes(List.of(new TemplateRoutes.Route("F", "x.Y::handleRequest", "GET", "/a")));
        assertThat(only.match("GET", "/a")).isPresent();
        assertThat(only.match("GET", "/b")).isEmpty();
        assertThat(only.match("POST", "/a")).isEmpty();
    }
}
