/** One upload the gateway received. */
export interface UploadRecord {
  name: string;
  bytes: number;
  /** SHA-256 of the body, hex. */
  sha256: string;
  /** The charge point id of the Basic credentials it came with, when they were checked. */
  chargePoint?: string;
  contentType: string;
  receivedAt: string;
}

/** The body of GET /uploads: totals, and the newest records oldest first. */
export interface UploadsDescription {
  count: number;
  bytes: number;
  refused: number;
  uploads: UploadRecord[];
}

/** Uploads kept for GET /uploads: the newest this many; the totals count every one. */
export const KEPT_UPLOADS = 256;

/**
 * What the upload endpoint received (file-endpoints.ts): totals, and the newest KEPT_UPLOADS
 * records in a Map by arrival (a name uploaded again is a new record). Bytes are hashed and
 * counted, never kept.
 */
export class UploadStore {
  count = 0;
  bytes = 0;
  /** Uploads refused as too large. */
  refused = 0;
  private readonly records = new Map<number, UploadRecord>();
  private seq = 0;

  add(upload: Omit<UploadRecord, 'receivedAt'>): UploadRecord {
    const record: UploadRecord = { ...upload, receivedAt: new Date().toISOString() };
    this.count++;
    this.bytes += upload.bytes;
    this.records.set(++this.seq, record);
    if (this.records.size > KEPT_UPLOADS) this.records.delete(this.records.keys().next().value as number);
    return record;
  }

  /** The body of GET /uploads. */
  describe(): UploadsDescription {
    return { count: this.count, bytes: this.bytes, refused: this.refused, uploads: [...this.records.values()] };
  }
}
