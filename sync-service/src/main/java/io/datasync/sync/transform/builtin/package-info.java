/**
 * The built-in transforms, one class per kind of {@link io.datasync.models.transform.TransformCatalog}, registered in
 * one place ({@link io.datasync.sync.transform.builtin.TransformRegistry}), which also composes a job's steps into one
 * transform.
 */
package io.datasync.sync.transform.builtin;
