/** The JSON and YAML mappers the models are read with, and the translation of their errors into JSON pointers. */
package io.datasync.models.json;
