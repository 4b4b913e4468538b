package io.clustergateway.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clustergateway.dns.chain.Query;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Any byte stream on a DNS-over-TCP connection, in any segmentation, through the listener's framing (2-byte length,
 * then the message): whole frames become queries, a partial frame waits, nothing throws out of the pipeline.
 */
class TcpFramingFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void anyStreamIsFramedIntoQueries(FuzzedDataProvider data) {
        EmbeddedChannel channel = new EmbeddedChannel(
                new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2), TcpQueryDecoder.INSTANCE);
        int frames = 0;
        int complete = 0;
        byte[] stream = data.consumeRemainingAsBytes();
        // the segmentation comes from the stream itself, so the corpus replays it exactly
        int at = 0;
        while (at < stream.length) {
            int segment = 1 + (stream[at] & 0x3f);
            int end = Math.min(stream.length, at + segment);
            channel.writeInbound(Unpooled.wrappedBuffer(stream, at, end - at));
            at = end;
        }
        for (int offset = 0; offset + 2 <= stream.length; ) {
            int length = ((stream[offset] & 0xff) << 8) | (stream[offset + 1] & 0xff);
            if (offset + 2 + length > stream.length) {
                break;
            }
            frames++;
            if (length >= 12) {
                complete++;
            }
            offset += 2 + length;
        }
        int queries = 0;
        for (Object message; (message = channel.readInbound()) != null; ) {
            assertThat(message).isInstanceOf(Query.class);
            queries++;
        }
        assertThat(queries).as("one query per whole frame of at least a header (%d frames)", frames).isEqualTo(complete);
        channel.finishAndReleaseAll();
    }
}
