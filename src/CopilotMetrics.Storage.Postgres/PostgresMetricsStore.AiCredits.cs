using CopilotMetrics.Billing;
using CopilotMetrics.Reports;
using CopilotMetrics.Storage.Internal;
using CopilotMetrics.Storage.Postgres.Internal;
using NpgsqlTypes;

namespace CopilotMetrics.Storage.Postgres;

/// <summary>
/// AI-credit usage days (dataset 5, migration 0004): the typed items in <c>ai_credit_items</c> by binary COPY and the
/// lossless copy in <c>raw_chunks</c>, in one day transaction like every dataset.
/// </summary>
public sealed partial class PostgresMetricsStore
{
    /// <inheritdoc />
    public Task<StoredDay> ReplaceAiCreditDayAsync(MetricsScope scope, DateOnly day, IAsyncEnumerable<AiCreditUsageItem> items, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        ArgumentNullException.ThrowIfNull(items);
        return WriteDayAsync(scope, SyncDataset.AiCredits, day, write => WriteAiCreditsAsync(write, items, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AiCreditUsageItem> GetAiCreditDayAsync(MetricsScope scope, DateOnly day, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);
        return ReadRawAsync<AiCreditUsageItem>(scope, SyncDataset.AiCredits, day, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AiCreditDay>> GetAiCreditDaysAsync(MetricsScope scope, DateRange range, CancellationToken cancellationToken = default)
    {
        MetricsStoreRules.ValidateScope(scope);

        // The stored days (report_days, so that a day without usage is there too) and their lossless items, in one statement.
        var rows = await ReadRangeAsync(
            scope,
            range,
            $"""
            SELECT d.day, c.data
            FROM {_q}.report_days d
            LEFT JOIN {_q}.raw_chunks c ON c.scope_id = d.scope_id AND c.dataset = d.dataset AND c.day = d.day
            WHERE d.scope_id = $1 AND d.dataset = {(short)SyncDataset.AiCredits} AND d.day BETWEEN $2 AND $3
            ORDER BY d.day, c.chunk
            """,
            static r => (Day: r.GetFieldValue<DateOnly>(0), Data: r.IsDBNull(1) ? null : r.GetFieldValue<byte[]>(1)),
            cancellationToken).ConfigureAwait(false);

        var days = new List<AiCreditDay>();
        List<AiCreditUsageItem>? items = null;
        foreach (var (day, data) in rows)
        {
            if (days.Count == 0 || days[^1].Day != day)
            {
                items = [];
                days.Add(new AiCreditDay(day, items.AsReadOnly()));
            }

            if (data is not null)
            {
                AddRecords(data, items!);
            }
        }

        return days;
    }

    private async Task<(long, string)> WriteAiCreditsAsync(DayWrite write, IAsyncEnumerable<AiCreditUsageItem> items, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            write.Connection,
            write.Transaction,
            $"""
            WITH a AS (DELETE FROM {_q}.raw_chunks WHERE scope_id = $1 AND dataset = $3 AND day = $2)
            DELETE FROM {_q}.ai_credit_items WHERE scope_id = $1 AND day = $2
            """,
            cancellationToken,
            P(write.ScopeId),
            Day(write.Day),
            P((short)SyncDataset.AiCredits)).ConfigureAwait(false);

        using var hash = new ContentHash();
        using var raw = new RawChunkWriter(_compressionLevel);
        var count = 0;
        var check = new DayRecordValidator(write.Day, nameof(items));
        var importer = await write.Connection.BeginBinaryImportAsync(
            $"""
            COPY {_q}.ai_credit_items (scope_id, day, ordinal, product, sku, model, unit_type, price_per_unit, gross_quantity, gross_amount,
                discount_quantity, discount_amount, net_quantity, net_amount) FROM STDIN (FORMAT BINARY)
            """,
            cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            importer.Timeout = TimeSpan.FromSeconds(_timeout);
            await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                check.Check(item);
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(write.ScopeId, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(write.Day, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(count, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);

                // The schema requires the four names; a caller's item built in code may still hold null: stored as "".
                await importer.WriteAsync(item.Product ?? "", NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.Sku ?? "", NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.Model ?? "", NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.UnitType ?? "", NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.PricePerUnit, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.GrossQuantity, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.GrossAmount, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.DiscountQuantity, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.DiscountAmount, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.NetQuantity, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(item.NetAmount, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                raw.Append(hash.Add(item), new RecordKey(count, 0));
                count++;
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var (chunks, _) = await raw.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await WriteChunksAsync(write, SyncDataset.AiCredits, chunks, cancellationToken).ConfigureAwait(false);
        return (count, hash.Finish());
    }
}
