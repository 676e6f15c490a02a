/** Business rule sets: named, versioned CEL rules with conflict detection at save time, and their evaluation. */
package io.datasync.config.rules;
