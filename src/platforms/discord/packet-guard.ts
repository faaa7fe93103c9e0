import type { Client } from "discord.js";
import type { Logger } from "../../engine/ports.js";

interface PacketHandling {
  handlePacket(packet?: unknown, shard?: unknown): boolean;
}

function isInteraction(packet: unknown): boolean {
  return (packet as { t?: unknown } | undefined)?.t === "INTERACTION_CREATE";
}

/**
 * discord.js builds its own structures from every dispatch after vsbot's raw listeners have
 * run, and throws on shapes it does not expect (an INTERACTION_CREATE without `data`), which
 * would end the process. vsbot reads only the raw payloads, validated by its own schemas, so
 * a packet discord.js cannot digest is logged and dropped there instead. `handlePacket` is
 * private API: this is the one place that touches it.
 */
export function guardPacketHandling(client: Client, logger: Logger): void {
  const manager = client.ws as unknown as PacketHandling;
  const original = manager.handlePacket.bind(manager);
  manager.handlePacket = (packet, shard) => {
    try {
      // vsbot has answered an interaction from its raw payload by now; the structures
      // discord.js would build from it (the interaction, its user and member, cached for
      // good) are never read, yet cost CPU and memory on every interaction. The
      // call without a packet still lets discord.js work off packets it queued before ready.
      if (isInteraction(packet)) return original(undefined, shard);
      return original(packet, shard);
    } catch (error) {
      const event = (packet as { t?: unknown } | undefined)?.t;
      logger.warn("discord.packet_dropped", {
        event: typeof event === "string" ? event : null,
        error,
      });
      return true;
    }
  };
}
