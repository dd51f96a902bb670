/** The admin panel in English and German (each user picks the language in their profile). */
export default {
  config: {
    locales: ['de'],
  },
  bootstrap() {},
};
