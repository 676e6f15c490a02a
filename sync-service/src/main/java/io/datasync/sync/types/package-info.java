/**
 * Column types as {@code cast} spells them and the conversion of any value to a column's type: one set of rules shared
 * by the built-in transforms and by connectors whose records carry no types of their own.
 */
package io.datasync.sync.types;
