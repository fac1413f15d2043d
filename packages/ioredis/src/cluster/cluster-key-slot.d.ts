declare module "cluster-key-slot" {
  /** The Redis Cluster hash slot (CRC16 of the key, or of its `{hash tag}`, mod 16384). */
  function generate(key: string | Buffer): number;
  export default generate;
}
