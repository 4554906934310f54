/** The export formats of `--events-format` and `--findings-format`, and the `_bulk` action lines of the ECS ones. */
export const EVENT_FORMATS = ['ecs', 'timesketch', 'splunk', 'csv'] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

export const FINDING_FORMATS = ['ecs', 'timesketch', 'splunk'] as const;
export type FindingFormat = (typeof FINDING_FORMATS)[number];

/**
 * Elasticsearch / OpenSearch `_bulk` action written before each ECS document: `index` for a plain
 * index, `create` for a data stream (which accepts only `create`); null writes documents only.
 */
export type BulkAction = 'index' | 'create' | null;

export function bulkActionLine(action: BulkAction): string {
  return action === null ? '' : `{"${action}":{}}\n`;
}
