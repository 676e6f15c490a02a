/** Health indicators the actuator readiness group uses, beyond Boot's own. */
package io.datasync.kit.health;
