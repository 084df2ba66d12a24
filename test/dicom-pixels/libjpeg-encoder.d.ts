/** The full (encoder + decoder) libjpeg-turbo build, used by the tests only to make JPEG inputs. */
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}
