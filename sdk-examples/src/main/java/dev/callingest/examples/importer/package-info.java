/**
 * The CRM import sample: {@link dev.callingest.examples.importer.CrmImport} reads calls exported
 * from a CRM (CSV or JSONL), maps them to the Upload or Partner API, and imports them with the
 * SDK's resumable bulk importer. See docs/examples.md.
 */
@NullMarked
package dev.callingest.examples.importer;

import org.jspecify.annotations.NullMarked;
