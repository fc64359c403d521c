package dev.ripple.ingest.bluesky.fake;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Jetstream (v1 wire) on a real WebSocket: serves a list of frames from the {@code cursor} asked for
 * ({@code time_us} ≥ cursor), keeps only commits of the {@code wantedCollections} (identity and account events always
 * pass, as Jetstream sends them), and can cut the first connections after some frames, like a network failure.
 */
public final class FakeJetstream implements AutoCloseable {

    private final List<String> frames;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private final List<String> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft;
    private final int cutAfter;

    /** @param cuts how many connections are cut after {@code cutAfter} frames */
    public FakeJetstream(List<String> frames, int cuts, int cutAfter) {
        this.frames = List.copyOf(frames);
        this.cutsLeft = new AtomicInteger(cuts);
        this.cutAfter = cutAfter;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(65536))
                                .addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/subscribe")
                                        .checkStartsWith(true)
                                        .build()))
                                .addLast(new Subscriber());
                    }
                });
        channel = bootstrap
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
    }

    public URI url() {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort() + "/subscribe");
    }

    /** The request URIs of every connection, in order. */
    public List<String> connections() {
        return List.copyOf(connections);
    }

    private final class Subscriber extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (!(event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake)) {
                ctx.fireUserEventTriggered(event);
                return;
            }
            connections.add(handshake.requestUri());
            QueryStringDecoder query = new QueryStringDecoder(handshake.requestUri());
            List<String> wanted = query.parameters().getOrDefault("wantedCollections", List.of());
            long cursor = Long.parseLong(
                    query.parameters().getOrDefault("cursor", List.of("-1")).getFirst());
            boolean cut = cutsLeft.getAndDecrement() > 0;
            int sent = 0;
            for (String frame : frames) {
                if (cursor >= 0 && timeUs(frame) >= 0 && timeUs(frame) < cursor) {
                    continue;
                }
                if (frame.contains("\"kind\":\"commit\"")
                        && !wanted.isEmpty()
                        && wanted.stream().noneMatch(c -> frame.contains("\"collection\":\"" + c + "\""))) {
                    continue;
                }
                if (cut && sent == cutAfter) {
                    ctx.channel().close();
                    return;
                }
                ctx.writeAndFlush(new TextWebSocketFrame(frame));
                sent++;
            }
        }
    }

    private static long timeUs(String frame) {
        int at = frame.indexOf("\"time_us\":");
        if (at < 0) {
            return -1;
        }
        int end = at + 10;
        while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
            end++;
        }
        return end == at + 10 ? -1 : Long.parseLong(frame.substring(at + 10, end));
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
