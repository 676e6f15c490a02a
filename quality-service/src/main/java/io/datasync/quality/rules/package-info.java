/** Quality rule sets: saved in immutable versions, validated by the kit's engine, announced on every change. */
package io.datasync.quality.rules;
