-- The relay prunes published rows past their retention (DELETE ... WHERE published_at < cutoff, in small batches):
-- without this index each pass scans the whole table.
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
