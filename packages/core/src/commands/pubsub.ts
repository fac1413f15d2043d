/** @module Pub/sub (PUBLISH, PUBSUB) commands. */
export const pubsubCommands = {};
