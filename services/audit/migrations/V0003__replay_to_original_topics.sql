-- A replay job publishes to a topic of the replay namespace (kyc.replay.<name>), or, when it explicitly asks for it,
-- each event to its producer's topic: then target_topic is NULL (docs/security.md, "Replay jobs").
ALTER TABLE replay_jobs ALTER COLUMN target_topic DROP NOT NULL;
