/** Encryption of connection secrets at rest: the keyring given by configuration and AES-256-GCM with key ids. */
package io.datasync.config.secret;
