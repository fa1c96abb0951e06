-- Schema drift: the paths of the properties no record type models that a day's last successful attempt read
-- (SyncDayStatus.UnknownProperties), as a JSON array of strings; null when there were none.
ALTER TABLE sync_status ADD COLUMN unknown_properties TEXT;
