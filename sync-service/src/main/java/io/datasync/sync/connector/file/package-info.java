/**
 * The file source: CSV and JSON lines files under a connection's base directory, one file or a glob, in any charset
 * (UTF-8 with or without BOM, GBK…), plain or gzip, each file one split.
 */
package io.datasync.sync.connector.file;
