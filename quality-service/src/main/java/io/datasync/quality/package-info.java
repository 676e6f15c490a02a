/** Quality rule sets, validation and cleansing, quarantine and replay, scores and anomalies. */
package io.datasync.quality;
