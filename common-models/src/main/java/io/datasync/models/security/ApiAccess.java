package io.datasync.models.security;

import io.datasync.models.problem.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which role each route of the public API needs: one table, enforced by the gateway and checked again by every service
 * (so a request that reached a service some other way is judged the same). The first rule whose method and path
 * match decides; reads of {@code /api/**} need a viewer, changes an admin, unless a rule before says otherwise.
 *
 * <p>Path patterns are segments: {@code *} is any one segment, {@code {jobId}} any one segment naming the job the
 * route acts on, and a trailing {@code **} any number of segments (none too). A caller bound to one job (an API key
 * made for it) may only call routes that name that job in {@code {jobId}}.
 */
public final class ApiAccess {

    /** Whether a call may go ahead; when not, the problem's code (401 or 403) and why, in words a caller can act on. */
    public record Decision(boolean allowed, ErrorCode code, String reason, Role needed) {

        static Decision allow(Role needed) {
            return new Decision(true, null, null, needed);
        }

        static Decision deny(ErrorCode code, String reason, Role needed) {
            return new Decision(false, code, reason, needed);
        }
    }

    /** One line of the table. */
    public record Rule(Set<String> methods, String pattern, Role role) {
        public Rule {
            methods = Set.copyOf(methods);
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(role, "role");
            if (!pattern.startsWith("/")) {
                throw new IllegalArgumentException("a pattern starts with /: " + pattern);
            }
        }
    }

    private static final Set<String> READ = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> WRITE = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> POST = Set.of("POST");

    /** The table, in the order it is read. */
    public static final List<Rule> RULES = List.of(
            // dry runs that change nothing are reads
            new Rule(POST, "/api/config/jobs/validate", Role.VIEWER),
            new Rule(POST, "/api/config/rulesets/validate", Role.VIEWER),
            new Rule(POST, "/api/config/rulesets/*/evaluate", Role.VIEWER),
            new Rule(POST, "/api/scheduler/schedules/preview", Role.VIEWER),
            new Rule(POST, "/api/quality/rulesets/validate", Role.VIEWER),
            // operating what exists
            new Rule(POST, "/api/sync/jobs/{jobId}/runs", Role.OPERATOR),
            new Rule(POST, "/api/sync/jobs/{jobId}/verify", Role.OPERATOR),
            new Rule(POST, "/api/sync/jobs/{jobId}/quality-checks", Role.OPERATOR),
            // a run by way of its job, so a caller bound to the job can stop what it started
            new Rule(POST, "/api/sync/jobs/{jobId}/runs/*/stop", Role.OPERATOR),
            new Rule(POST, "/api/sync/jobs/{jobId}/runs/*/pause", Role.OPERATOR),
            new Rule(POST, "/api/sync/jobs/{jobId}/runs/*/resume", Role.OPERATOR),
            new Rule(POST, "/api/sync/runs/*/stop", Role.OPERATOR),
            new Rule(POST, "/api/sync/runs/*/pause", Role.OPERATOR),
            new Rule(POST, "/api/sync/runs/*/resume", Role.OPERATOR),
            new Rule(POST, "/api/sync/push/{jobId}", Role.OPERATOR),
            new Rule(POST, "/api/scheduler/jobs/{jobId}/trigger", Role.OPERATOR),
            new Rule(POST, "/api/scheduler/schedules/{jobId}/pause", Role.OPERATOR),
            new Rule(POST, "/api/scheduler/schedules/{jobId}/resume", Role.OPERATOR),
            new Rule(POST, "/api/scheduler/tasks/*/retry", Role.OPERATOR),
            new Rule(WRITE, "/api/quality/quarantine/**", Role.OPERATOR),
            new Rule(POST, "/api/monitoring/alerts/*/ack", Role.OPERATOR),
            // reads only admins may make: key material, who holds API keys, who changed what
            new Rule(READ, "/api/config/keys/**", Role.ADMIN),
            new Rule(READ, "/api/config/api-keys/**", Role.ADMIN),
            new Rule(READ, "/api/config/audit/**", Role.ADMIN),
            // quarantined rows are the source's raw values, before the gate's masking: operators only
            new Rule(READ, "/api/quality/quarantine", Role.OPERATOR),
            new Rule(READ, "/api/quality/quarantine/**", Role.OPERATOR),
            // reads of one job, which a caller bound to that job may make too
            new Rule(READ, "/api/config/jobs/{jobId}/**", Role.VIEWER),
            new Rule(READ, "/api/sync/jobs/{jobId}/**", Role.VIEWER),
            new Rule(READ, "/api/scheduler/schedules/{jobId}", Role.VIEWER),
            // everything else
            new Rule(READ, "/api/**", Role.VIEWER),
            new Rule(WRITE, "/api/**", Role.ADMIN));

    private ApiAccess() {}

    /** Whether a path is part of the public API this table governs ({@code /api} and below). */
    public static boolean governs(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    /**
     * Decides a call.
     *
     * @param method the HTTP method
     * @param path the request path as sent, without the query
     * @param identity the caller, or null when it did not authenticate
     */
    public static Decision decide(String method, String path, Identity identity) {
        String m = method.toUpperCase(Locale.ROOT);
        Rule rule = null;
        String jobId = null;
        for (Rule r : RULES) {
            if (!r.methods().contains(m)) {
                continue;
            }
            Match match = match(r.pattern(), path);
            if (match.matched()) {
                rule = r;
                jobId = match.jobId();
                break;
            }
        }
        if (rule == null) {
            // not an API route or an unusual method: nobody may, so an unknown door stays shut
            return Decision.deny(ErrorCode.FORBIDDEN, m + " " + path + " is not open to any role", Role.ADMIN);
        }
        if (identity == null) {
            return Decision.deny(
                    ErrorCode.UNAUTHORIZED,
                    "send a bearer token (Authorization: Bearer …) or an API key (X-API-Key)",
                    rule.role());
        }
        if (!identity.role().includes(rule.role())) {
            return Decision.deny(
                    ErrorCode.FORBIDDEN,
                    m + " " + path + " needs the " + rule.role().wireName() + " role; " + identity.subject() + " has "
                            + identity.role().wireName(),
                    rule.role());
        }
        if (identity.jobId() != null && !identity.jobId().equals(jobId)) {
            return Decision.deny(
                    ErrorCode.FORBIDDEN,
                    "this API key is bound to job " + identity.jobId() + "; " + m + " " + path
                            + " is not a route of that job",
                    rule.role());
        }
        return Decision.allow(rule.role());
    }

    private record Match(boolean matched, String jobId) {}

    private static final Match NO = new Match(false, null);

    private static Match match(String pattern, String path) {
        List<String> want = segments(pattern);
        List<String> got = segments(path);
        if (got == null) {
            return NO;
        }
        String jobId = null;
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (w.equals("**")) {
                return new Match(true, jobId);
            }
            if (i >= got.size()) {
                return NO;
            }
            String g = got.get(i);
            if (w.equals("{jobId}")) {
                jobId = g;
            } else if (!w.equals("*") && !w.equals(g)) {
                return NO;
            }
        }
        return want.size() == got.size() ? new Match(true, jobId) : NO;
    }

    /** The path's segments; null for a path no route can have (empty segments, dot segments, no leading slash). */
    private static List<String> segments(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.substring(1).split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                return null;
            }
            segments.add(s);
        }
        return segments;
    }
}
