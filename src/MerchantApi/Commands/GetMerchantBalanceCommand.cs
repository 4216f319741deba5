using System.Management.Automation;
using MerchantApi.Bulk;
using MerchantApi.Http;
using MerchantApi.Infrastructure;

namespace MerchantApi.Commands;

/// <summary>
/// Gets what wallets hold (<c>/v2/balance</c>): one Balance per wallet and asset, amounts as exact decimals. Wallet ids,
/// customers (<c>Get-MerchantCustomer | Get-MerchantBalance</c>) or rows with a WalletId come from the pipeline; up to
/// -ThrottleLimit wallets are read at once through the module's bulk mechanism, output in input order, and a wallet
/// that fails is an error of its own.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MerchantBalance", DefaultParameterSetName = CustomerSet)]
[OutputType(typeof(Balance))]
public sealed class GetMerchantBalanceCommand : BulkCmdlet
{
    private const string WalletSet = "WalletId";

    // The default set, so that a piped customer binds as itself (PowerShell tries the default set first, and the customer's
    // WalletId would otherwise bind by property name and lose who it belongs to).
    private const string CustomerSet = "Customer";

    /// <summary>Wallet ids; objects with a WalletId property (CSV rows, raw answers) bind by it.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = WalletSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] WalletId { get; set; } = Array.Empty<string>();

    /// <summary>Customers: their wallets, with the customer's id and email on each balance.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CustomerSet, ValueFromPipeline = true)]
    public Customer[] Customer { get; set; } = Array.Empty<Customer>();

    /// <summary>Only these assets (e.g. BTC, USDT); by default every asset the wallet has.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Asset { get; set; }

    public GetMerchantBalanceCommand()
        : base(BulkProgress.ForRead("Get-MerchantBalance", "Reading balances"))
    {
    }

    private protected override bool ReportsSummary => MyInvocation.ExpectingInput;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == CustomerSet)
        {
            foreach (var customer in Customer)
                Submit(customer.WalletId, customer, customer);
        }
        else
        {
            foreach (var walletId in WalletId)
                Submit(walletId, null, walletId);
        }
    }

    private void Submit(string? walletId, Customer? customer, object target)
    {
        var row = NextRow();
        if (string.IsNullOrWhiteSpace(walletId))
        {
            Refuse(row, target, new MerchantApiException("MissingWalletId", MerchantErrorKind.InvalidArgument,
                $"Customer '{customer?.Email}' has no WalletId, so it has no balance to read."));
            return;
        }
        var session = Session;
        var options = CallOptions;
        var assets = Asset;
        Enqueue(row, target, token => RowOutcome<List<Balance>>.RunAsync(row, target, async () =>
        {
            var balances = await BalanceApi.GetAsync(session, walletId.Trim(), assets, options, token).ConfigureAwait(false);
            foreach (var balance in balances)
            {
                balance.CustomerId = customer?.Id;
                balance.CustomerEmail = customer?.Email;
            }
            return balances;
        }));
    }

    private protected override IRowOutcome Failure(int row, object? target, MerchantApiException reason) =>
        RowOutcome<List<Balance>>.Failed(row, target, reason);

    private protected override void Emit(IRowOutcome row)
    {
        var outcome = (RowOutcome<List<Balance>>)row;
        if (outcome.Value is { } balances)
        {
            Progress.Succeeded++;
            foreach (var balance in balances)
            {
                Keep(balance);
                WriteObject(ModelOutput.With(balance, balance.AdditionalProperties));
            }
            return;
        }
        WriteRowError(ErrorRecords.From(outcome.Failure!, outcome.Input, MyInvocation.ExpectingInput ? outcome.Row : 0));
    }

    private protected override IEnumerable<object> ResultsOf(IRowOutcome row) =>
        ((RowOutcome<List<Balance>>)row).Value ?? [];
}
