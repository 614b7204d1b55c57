using System.Diagnostics;
using OpenLive.Rtc.Dtls;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Dtls;

public sealed class DatagramLinkTests
{
    [Fact]
    public void Receive_ReturnsDatagramsInOrder_ThenTimesOut()
    {
        var link = new DatagramLink(new RecordingSender(), 1200, 8);
        var first = Record(epoch: 0, length: 3);
        var second = Record(epoch: 0, length: 1);
        Assert.True(link.TryEnqueue(first));
        Assert.True(link.TryEnqueue(second));
        var buffer = new byte[DatagramLink.MaxDatagramLength];

        Assert.Equal(first.Length, link.Receive(buffer, 0, buffer.Length, 10));
        Assert.Equal(first, buffer[..first.Length]);
        Assert.Equal(second.Length, link.Receive(buffer.AsSpan(), 10));
        Assert.Equal(second, buffer[..second.Length]);

        var clock = Stopwatch.StartNew();
        Assert.Equal(-1, link.Receive(buffer.AsSpan(), 50));
        Assert.InRange(clock.ElapsedMilliseconds, 40, 2000);
    }

    [Fact]
    public void TryEnqueue_IsBounded_AndDropsOversizedDatagrams()
    {
        var link = new DatagramLink(new RecordingSender(), 1200, 4);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(link.TryEnqueue([(byte)i]));
        }

        Assert.False(link.TryEnqueue([9]));
        Assert.False(link.TryEnqueue(new byte[DatagramLink.MaxDatagramLength + 1]));
        Assert.Equal(4, link.Count);
        Assert.Equal(2, link.Dropped);
    }

    [Fact]
    public void Receive_ReportsTheFullLengthOfADatagramLongerThanTheBuffer()
    {
        var link = new DatagramLink(new RecordingSender(), 1200, 4);
        link.TryEnqueue(Record(epoch: 0, length: 87));
        Assert.Equal(100, link.Receive(new byte[10], 0, 10, 10));
    }

    [Fact]
    public void Receive_DropsMalformedDatagrams_AndShortProtectedRecords()
    {
        var link = new DatagramLink(new RecordingSender(), 1200, 8) { MinimumProtectedLength = 24 };
        link.TryEnqueue([1, 2, 3]);
        link.TryEnqueue(Record(epoch: 1, length: 23));
        link.TryEnqueue([.. Record(epoch: 0, length: 5), 0xFF]);
        var good = Record(epoch: 1, length: 24);
        link.TryEnqueue(good);

        Assert.Equal(good.Length, link.Receive(new byte[100], 0, 100, 10));
        Assert.Equal(-1, link.Receive(new byte[100], 0, 100, 10));
        Assert.Equal(3, link.Dropped);
    }

    [Fact]
    public async Task Close_WakesABlockedReceiver_WhichThenThrows()
    {
        var link = new DatagramLink(new RecordingSender(), 1200, 4);
        var receiving = Task.Factory.StartNew(() => link.Receive(new byte[100].AsSpan(), 0), TaskCreationOptions.LongRunning);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(receiving.IsCompleted);

        link.Close();
        await Assert.ThrowsAsync<IOException>(() => receiving.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.False(link.TryEnqueue([1]));
    }

    [Fact]
    public void Send_GoesToTheSender_UntilClosed_AndSwallowsSenderFailures()
    {
        var sender = new RecordingSender();
        var link = new DatagramLink(sender, 1200, 4);
        Assert.Equal(1200, link.GetSendLimit());

        link.Send([1, 2], 0, 2);
        sender.Throw = true;
        link.Send([3]);
        Assert.Equal(1, link.Dropped);
        link.Close();
        sender.Throw = false;
        link.Send([4]);

        Assert.Single(sender.Sent);
        Assert.Equal([1, 2], sender.Sent[0]);
    }

    [Fact]
    public void EnqueueAndReceive_AllocateNothing_AfterWarmUp()
    {
        var link = new DatagramLink(new RecordingSender(), 1200, 16);
        var datagram = Record(epoch: 1, length: 1200 - DtlsRecordHeader.Size);
        var buffer = new byte[DatagramLink.MaxDatagramLength];
        for (var i = 0; i < 100; i++)
        {
            link.TryEnqueue(datagram);
            link.Receive(buffer, 0, buffer.Length, 1);
        }

        Assert.Equal(0, AllocationMeter.LeastAllocated(() =>
        {
            link.TryEnqueue(datagram);
            link.Receive(buffer, 0, buffer.Length, 1);
        }, iterations: 10_000));
    }

    private static byte[] Record(ushort epoch, int length)
    {
        var record = new byte[DtlsRecordHeader.Size + length];
        Random.Shared.NextBytes(record);
        Assert.True(new DtlsRecordHeader(22, 0xFEFD, epoch, 5, (ushort)length).TryWrite(record));
        return record;
    }

    private sealed class RecordingSender : IDtlsDatagramSender
    {
        public List<byte[]> Sent { get; } = [];

        public bool Throw { get; set; }

        public void Send(ReadOnlySpan<byte> datagram)
        {
            if (Throw)
            {
                throw new IOException("network unreachable");
            }

            Sent.Add(datagram.ToArray());
        }
    }
}
