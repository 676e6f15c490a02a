/** Deliberately broken code that the boundary rules must reject; never used by anything else. */
package io.datasync.system.archfixture;
