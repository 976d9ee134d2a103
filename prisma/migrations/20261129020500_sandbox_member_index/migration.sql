-- The emulators' member table keeps only its primary key: a second index (phone hashes) cost a
-- third of the insert time on the million-member benchmark path, and removals now find people by
-- key first and scan only for the rare removal that names nobody by key
-- (lib/destinations/sandbox/store.ts removeMembers).
DROP INDEX IF EXISTS sandbox.audience_members_phone_idx;
