/** Job templates: parameterized job definitions that instantiate into new jobs. */
package io.datasync.config.template;
