package io.datasync.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemAnswersTest {

    @Test
    void saysWhereAnApiKeyGoesWhenOneIsSentAsABearerToken() {
        assertThat(ProblemAnswers.plain("An error occurred while attempting to decode the Jwt", "Bearer dsk_abc_def"))
                .isEqualTo("an API key goes in the X-API-Key header, not in Authorization");
    }

    @Test
    void replacesTheLibrarysWordingForATokenThatIsNoJwtAndForAWrongIssuer() {
        assertThat(ProblemAnswers.plain(
                        "An error occurred while attempting to decode the Jwt: Invalid JWT serialization: Missing dot"
                                + " delimiter(s)",
                        "Bearer garbage"))
                .startsWith("the bearer token is not a JWT")
                .contains("X-API-Key");
        assertThat(ProblemAnswers.plain("The iss claim is not valid", "Bearer x.y.z"))
                .contains("issuer (iss)", "DATASYNC_JWT_ISSUER_URI");
        assertThat(ProblemAnswers.plain("Jwt expired at 2026-12-03T10:00:00Z", "Bearer x.y.z"))
                .isEqualTo("Jwt expired at 2026-12-03T10:00:00Z");
    }
}
