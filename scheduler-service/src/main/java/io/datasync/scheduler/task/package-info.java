/** The task queue: one task per fire or trigger, concurrency policies, dispatch, timeouts, retries and history. */
package io.datasync.scheduler.task;
