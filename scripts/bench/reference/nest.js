// Reference point: an empty Nest 11 app on @nestjs/platform-express, one controller, one Redis GET.
require('reflect-metadata');
const { Controller, HttpCode, Module, Post } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { Redis } = require('ioredis');

const redis = new Redis(process.env.REDIS_URL);

class TestController {
  async test() {
    return JSON.parse(await redis.get('k'));
  }
}
const test = Object.getOwnPropertyDescriptor(TestController.prototype, 'test');
Reflect.decorate([Post('api/test'), HttpCode(200)], TestController.prototype, 'test', test);
const Controlled = Reflect.decorate([Controller()], TestController);
const AppModule = Reflect.decorate([Module({ controllers: [Controlled] })], class AppModule {});

void (async () => {
  const app = await NestFactory.create(AppModule, { logger: false });
  app.set('etag', false);
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  console.log('ready');
})();
