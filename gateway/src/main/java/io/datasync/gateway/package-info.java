/** The single entry to the platform: routes /api/{service}/** to the services, never /internal/**. */
package io.datasync.gateway;
