package io.datasync.sync.run;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/sync/jobs/{jobId}/dead-letters}: the records a stream job's runs refused — messages the source could
 * not parse, rows a transform dropped — with their raw payload, where they were and why, newest first. Kept for
 * {@code datasync.sync.dead-letter-retention}.
 */
@RestController
@RequestMapping("/api/sync")
public class DeadLetterController {

    /**
     * A dead letter as the API shows it.
     *
     * @param locator where the record was in its source (unique within the job)
     * @param runId the run that refused it
     * @param reason why
     * @param createdAt when it was stored; the {@code before} of the next page
     * @param raw the raw record as text when it is valid UTF-8, else null
     * @param rawBase64 the raw record's bytes in base64; null when the source kept none
     * @param rawBytes the raw record's size in bytes (at most 64 KiB are kept)
     */
    public record DeadLetterView(
            String locator,
            String runId,
            String reason,
            Instant createdAt,
            String raw,
            String rawBase64,
            int rawBytes) {

        static DeadLetterView of(DeadLetterRepository.Stored stored) {
            byte[] raw = stored.raw();
            return new DeadLetterView(
                    stored.locator(),
                    stored.runId().toString(),
                    stored.reason(),
                    stored.createdAt(),
                    raw == null ? null : utf8(raw),
                    raw == null ? null : Base64.getEncoder().encodeToString(raw),
                    raw == null ? 0 : raw.length);
        }

        /** The bytes as text, or null when they are not valid UTF-8 (binary payloads show in base64 only). */
        static String utf8(byte[] raw) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw))
                        .toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }

    private final DeadLetterRepository deadLetters;

    public DeadLetterController(DeadLetterRepository deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * The job's dead letters stored before {@code before} (ISO-8601; all when absent), newest first, at most
     * {@code limit}: page on with the {@code createdAt} of the last one. A job without any (or unknown) has an empty
     * list.
     */
    @GetMapping("/jobs/{jobId}/dead-letters")
    public List<DeadLetterView> list(
            @PathVariable UUID jobId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(required = false) Instant before) {
        return deadLetters.page(jobId.toString(), limit, before).stream()
                .map(DeadLetterView::of)
                .toList();
    }
}
