/**
 * The data quality engine shared by quality-service (which validates and stores rule sets, scores runs and pushes
 * checks down after a load) and sync-service (which runs the gate on every chunk): rule sets read from JSON with every
 * problem reported at its JSON pointer ({@link io.datasync.kit.quality.QualityRuleSets}), a gate compiled against a
 * row shape that cleanses and checks rows ({@link io.datasync.kit.quality.QualityGate}), scores
 * ({@link io.datasync.kit.quality.QualityScores}) and the checks as SQL on the target
 * ({@link io.datasync.kit.quality.PostLoadSql}). Plain Java: no Spring and no I/O, which the caller supplies through
 * {@link io.datasync.kit.quality.Lookup}.
 */
package io.datasync.kit.quality;
