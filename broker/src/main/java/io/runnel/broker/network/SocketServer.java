package io.runnel.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.runnel.common.time.Time;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka protocol server: binds one socket per listener and runs connections on Netty event loops, using the
 * native epoll transport where it is available and NIO elsewhere.
 *
 * <p>Thread-safe; start once, close once.
 */
public final class SocketServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

    /** Network settings, from the broker configuration. */
    public record Settings(
            List<Endpoint> listeners,
            int maxFrameBytes,
            int maxConnections,
            long idleTimeoutMs,
            int ioThreads,
            int maxInFlightPerConnection,
            int sendBufferBytes,
            int receiveBufferBytes) {}

    private final Settings settings;
    private final ApiHandlers handlers;
    private final Time time;
    private final ConnectionRegistry connections;
    private final boolean epoll;
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private final Map<String, Channel> serverChannels = new LinkedHashMap<>();

    public SocketServer(Settings settings, ApiHandlers handlers, Time time) {
        this.settings = settings;
        this.handlers = handlers;
        this.time = time;
        this.connections = new ConnectionRegistry(settings.maxConnections());
        this.epoll = Epoll.isAvailable();
    }

    /**
     * Binds every listener without accepting connections yet (so the ports are known before clients arrive); port
     * 0 picks a free port, see {@link #boundPort}. Call {@link #startAccepting()} when the broker is ready.
     */
    public synchronized void bind() throws InterruptedException {
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("runnel-accept", true), factory);
        workers = new MultiThreadIoEventLoopGroup(
                settings.ioThreads(), new DefaultThreadFactory("runnel-network", true), factory);
        for (Endpoint endpoint : settings.listeners()) {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 512)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (settings.sendBufferBytes() > 0) {
                                ch.config().setSendBufferSize(settings.sendBufferBytes());
                            }
                            if (settings.receiveBufferBytes() > 0) {
                                ch.config().setReceiveBufferSize(settings.receiveBufferBytes());
                            }
                            ch.pipeline()
                                    .addLast("idle", new IdleConnectionHandler(settings.idleTimeoutMs(), time))
                                    .addLast("frames", new KafkaFrameDecoder(settings.maxFrameBytes()))
                                    .addLast(
                                            "kafka",
                                            new KafkaConnectionHandler(
                                                    handlers,
                                                    time,
                                                    endpoint.listenerName(),
                                                    settings.maxInFlightPerConnection(),
                                                    connections));
                        }
                    });
            InetSocketAddress address = endpoint.host().isEmpty()
                    ? new InetSocketAddress(endpoint.port())
                    : new InetSocketAddress(endpoint.host(), endpoint.port());
            Channel channel = bootstrap.bind(address).sync().channel();
            serverChannels.put(endpoint.listenerName(), channel);
        }
    }

    /** Starts accepting connections on every bound listener. */
    public synchronized void startAccepting() {
        for (Map.Entry<String, Channel> e : serverChannels.entrySet()) {
            e.getValue().config().setAutoRead(true);
            log.info(
                    "Listening for Kafka clients on {} ({}, {} transport)",
                    e.getValue().localAddress(),
                    e.getKey(),
                    epoll ? "epoll" : "nio");
        }
    }

    /** The port a listener actually bound (useful with port 0). */
    public int boundPort(String listenerName) {
        Channel c = serverChannels.get(listenerName);
        if (c == null) {
            throw new IllegalArgumentException("no listener named " + listenerName);
        }
        return ((InetSocketAddress) c.localAddress()).getPort();
    }

    public int connectionCount() {
        return connections.size();
    }

    /** The most requests one connection has had queued at once since start (never above queued.max.requests). */
    public int peakQueuedRequests() {
        return connections.peakQueued();
    }

    /** Connections currently not read from (queue full, or a client not reading its responses). */
    public int pausedConnections() {
        return connections.pausedCount();
    }

    /** Stops accepting new connections; existing ones keep being served. */
    public synchronized void stopAccepting() {
        for (Channel c : serverChannels.values()) {
            c.close().syncUninterruptibly();
        }
    }

    /**
     * Stops accepting, stops reading new requests, lets in-flight responses go out for up to {@code graceMs}, then
     * closes every connection and the event loops.
     */
    public synchronized void shutdown(long graceMs) {
        stopAccepting();
        for (Channel c : connections.channels()) {
            c.config().setAutoRead(false);
        }
        long deadline = time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        for (Channel c : connections.channels()) {
            c.eventLoop().execute(c::flush);
        }
        // Give queued responses a moment to be written; the handler keeps order and flushes on completion.
        while (time.nanoseconds() < deadline && anyUnflushed()) {
            try {
                time.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Channel c : connections.channels()) {
            c.close();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private boolean anyUnflushed() {
        for (Channel c : connections.channels()) {
            if (c.isActive()
                    && c.unsafe().outboundBuffer() != null
                    && !c.unsafe().outboundBuffer().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        shutdown(0);
    }
}
