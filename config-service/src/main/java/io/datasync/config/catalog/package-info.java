/** The connector and transform catalog as users read it: what each kind accepts and supports, from its declaration. */
package io.datasync.config.catalog;
