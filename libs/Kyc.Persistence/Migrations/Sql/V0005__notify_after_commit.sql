-- The outbox no longer NOTIFYs from a trigger inside the writing transaction. PostgreSQL serialises the commits of all
-- transactions that have a pending NOTIFY (a database-wide lock held from pre-commit until the commit record is
-- flushed), so with durable commits every case change waited for every other one's WAL flush: measured ~190
-- creates/s on the dev machine. Writers now announce committed appends with OutboxNotifier.NotifyCommittedAsync, a
-- separate read-only statement that holds that lock for microseconds; the relay's sweep covers a writer that crashed
-- between its commit and the notification.
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
