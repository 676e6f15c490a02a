package io.datasync.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.security.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimRolesTest {

    @Test
    void followsADottedPathAndTakesTheHighestKnownRole() {
        Map<String, Object> claims = Map.of(
                "realm_access", Map.of("roles", List.of("offline_access", "viewer", "operator", "uma_authorization")));

        assertThat(new ClaimRoles("realm_access.roles").highest(claims)).contains(Role.OPERATOR);
    }

    @Test
    void readsAFlatListOrASpaceSeparatedString() {
        assertThat(new ClaimRoles("roles").highest(Map.of("roles", List.of("ADMIN"))))
                .contains(Role.ADMIN);
        assertThat(new ClaimRoles("scope").highest(Map.of("scope", "openid viewer email")))
                .contains(Role.VIEWER);
    }

    @Test
    void findsNothingWhereThePathLeadsNowhereOrOnlyToUnknownRoles() {
        ClaimRoles roles = new ClaimRoles("realm_access.roles");
        assertThat(roles.highest(Map.of())).isEmpty();
        assertThat(roles.highest(Map.of("realm_access", "admin"))).isEmpty();
        assertThat(roles.highest(Map.of("realm_access", Map.of("roles", List.of("offline_access")))))
                .isEmpty();
        assertThat(roles.highest(Map.of("realm_access", Map.of("roles", List.of(1, 2)))))
                .isEmpty();
    }

    @Test
    void aLocalTokenHasExactlyOneKnownRole() {
        ClaimRoles roles = new ClaimRoles("roles");
        assertThat(roles.exactlyOne(Map.of("roles", List.of("operator")))).isEqualTo(Role.OPERATOR);
        assertThatThrownBy(() -> roles.exactlyOne(Map.of("roles", List.of("viewer", "admin"))))
                .hasMessageContaining("exactly one role")
                .hasMessageContaining("has 2");
        assertThatThrownBy(() -> roles.exactlyOne(Map.of())).hasMessageContaining("has 0");
        assertThatThrownBy(() -> roles.exactlyOne(Map.of("roles", List.of("root"))))
                .hasMessageContaining("'root' is no role");
    }
}
