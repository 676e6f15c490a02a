/** Quality reports of a run (JSON and a self-contained HTML page), and a job's score trend and recent runs. */
package io.datasync.quality.report;
