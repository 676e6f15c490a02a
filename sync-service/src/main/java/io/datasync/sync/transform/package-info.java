/**
 * Transforms applied to every chunk between a source and a sink, one class per kind of
 * {@link io.datasync.models.transform.TransformCatalog}, created in one place ({@link
 * io.datasync.sync.transform.TransformRegistry}) and run in order by a {@link
 * io.datasync.sync.transform.TransformPipeline}.
 */
package io.datasync.sync.transform;
