/** Per-plugin task execution: bounded queue, concurrency limit, timeout, retry, quarantine. */
package io.prsm.runtime.tasks;
